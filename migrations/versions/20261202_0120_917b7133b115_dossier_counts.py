"""Add dossier counts by unit, months and lateness, filled from the stored dossiers.

Revision ID: 917b7133b115
Revises: e133542e63dc
Create Date: 2026-12-02 01:20:35.413506

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '917b7133b115'
down_revision = 'e133542e63dc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dossier_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('received_month', sa.Integer(), nullable=False),
    sa.Column('due_month', sa.Integer(), nullable=False),
    sa.Column('finished_month', sa.Integer(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('closed_late', sa.Boolean(), nullable=False),
    sa.Column('dossiers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_dossier_counts_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_counts'))
    )
    op.execute(
        "INSERT INTO dossier_counts (unit_id, received_month, due_month, finished_month, late, "
        "closed_late, dossiers) "
        "SELECT unit_id, received_month, due_month, finished_month, "
        "coalesce(finished_at > due_at, false), "
        "coalesce(finished_at > due_at AND returned_at <= due_at, false), count(*) "
        "FROM dossiers GROUP BY 1, 2, 3, 4, 5, 6"
    )


def downgrade():
    op.drop_table('dossier_counts')
