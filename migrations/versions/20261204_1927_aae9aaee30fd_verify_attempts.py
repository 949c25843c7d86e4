"""Record the checks of PDFs at /verify, counted per address for the throttle.

Revision ID: aae9aaee30fd
Revises: 7da2ac4ff0df
Create Date: 2026-12-04 19:27:11.199255

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aae9aaee30fd'
down_revision = '7da2ac4ff0df'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verify_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verify_attempts'))
    )
    with op.batch_alter_table('verify_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_verify_attempts_address_attempted_at', ['address', 'attempted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_verify_attempts_attempted_at'), ['attempted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('verify_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verify_attempts_attempted_at'))
        batch_op.drop_index('ix_verify_attempts_address_attempted_at')

    op.drop_table('verify_attempts')
