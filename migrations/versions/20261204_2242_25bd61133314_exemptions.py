"""Add requests for exemption on late dossiers with their evidence, and the month's count of
dossiers exempted.

Revision ID: 25bd61133314
Revises: 8d2f4a6c1b37
Create Date: 2026-12-04 22:42:58.292497

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '25bd61133314'
down_revision = '8d2f4a6c1b37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exemptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_code', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('reason', sa.Enum('software_error', 'returned_on_time', 'data_error', 'other', name='exemption_reason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'accepted', 'rejected', 'withdrawn', name='exemption_state', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_exemptions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_exemptions_requested_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_exemptions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exemptions'))
    )
    with op.batch_alter_table('exemptions', schema=None) as batch_op:
        batch_op.create_index('ix_exemptions_dossier', ['dossier_code'], unique=False)
        batch_op.create_index('ix_exemptions_unit_period', ['unit_id', 'period'], unique=False)

    op.create_table('exemption_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exemption_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['exemption_id'], ['exemptions.id'], name=op.f('fk_exemption_evidence_exemption_id_exemptions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exemption_evidence'))
    )
    with op.batch_alter_table('exemption_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exemption_evidence_exemption_id'), ['exemption_id'], unique=False)

    with op.batch_alter_table('unit_period_figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exempted', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('unit_period_figures', schema=None) as batch_op:
        batch_op.drop_column('exempted')

    with op.batch_alter_table('exemption_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exemption_evidence_exemption_id'))

    op.drop_table('exemption_evidence')
    with op.batch_alter_table('exemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_exemptions_unit_period')
        batch_op.drop_index('ix_exemptions_dossier')

    op.drop_table('exemptions')
